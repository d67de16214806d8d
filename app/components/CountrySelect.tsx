import { countryLabel } from "../format";

/** A labelled filter drop-down of country codes, "Any" first; works in a plain GET form. */
export function CountrySelect({ name, label, codes, value }: { name: string; label: string; codes: string[]; value?: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {codes.map((c) => (
          <option key={c} value={c}>
            {countryLabel(c)}
          </option>
        ))}
      </select>
    </div>
  );
}
