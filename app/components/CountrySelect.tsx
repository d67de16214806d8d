import { countryName } from "../../lib/countries";
import { isSpecialIssuer } from "../../lib/special-issuers";
import { formatCount } from "../format";

export interface CountryOption {
  code: string;
  /** Notices naming this code, shown after the name when given. */
  count?: number;
}

/**
 * A labelled filter drop-down of countries, "Any" first; works in a plain GET form. Countries are
 * sorted by name; Interpol's special issuers (international courts, UNMIK) come first in their
 * own group, since they are not states. The select never grows past its column (long names are
 * cut in the closed box, whole in the list), so the page does not scroll sideways on a phone.
 */
export function CountrySelect({
  name,
  label,
  codes,
  options,
  value,
  error,
}: {
  name: string;
  label: string;
  codes?: string[];
  options?: CountryOption[];
  value?: string;
  error?: string;
}) {
  const all: CountryOption[] = options ?? (codes ?? []).map((code) => ({ code }));
  // A chosen value stays selectable even when no notice names it any more.
  if (value && !all.some((o) => o.code === value)) all.push({ code: value, count: options ? 0 : undefined });
  const text = (o: CountryOption) => {
    const n = countryName(o.code) ?? o.code;
    return o.count === undefined ? `${n} (${o.code})` : `${n} (${formatCount(o.count)})`;
  };
  const byName = (a: CountryOption, b: CountryOption) => text(a).localeCompare(text(b), "en");
  const special = all.filter((o) => isSpecialIssuer(o.code)).sort(byName);
  const states = all.filter((o) => !isSpecialIssuer(o.code)).sort(byName);
  const option = (o: CountryOption) => (
    <option key={o.code} value={o.code}>
      {text(o)}
    </option>
  );
  const id = name;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={value ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">Any</option>
        {special.length ? (
          <>
            <optgroup label="International bodies (not states)">{special.map(option)}</optgroup>
            <optgroup label="Countries">{states.map(option)}</optgroup>
          </>
        ) : (
          states.map(option)
        )}
      </select>
      {error ? (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
