// My digest: what the weekly e-mail covers for me, and this week's as it would be sent to me now.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDigestSettings, saveDigestSettings, userKey, type DigestSettings } from "../../db/queries/digest";
import { COUNTRIES, isCountryCode } from "../../lib/countries";
import { weekOf, weekRangeText } from "../../lib/digest/week";
import { MOTIVES } from "../../lib/taxonomy";
import { audit, nowOf, requireUser } from "../auth.server";
import { DigestPreview } from "../components/DigestPreview";
import { FormError } from "../components/Field";
import { previewFor } from "../digest.server";
import { readForm, type FieldErrors } from "../forms";

export const meta: MetaFunction = () => [{ title: "My digest · Article 3" }];

const codes = (what: string, valid: (v: string) => boolean) =>
  z.array(z.string()).max(300).refine((l) => l.every(valid), { message: `Choose ${what} from the list.` });

/** The settings form, on both sides: lists from repeated fields, check boxes present or absent. */
export const digestSettingsSchema = z.object({
  requestingCountries: codes("countries", isCountryCode),
  hostCountries: codes("countries", isCountryCode),
  motives: codes("motives", (m) => MOTIVES.has(m)),
  includeNoticeChanges: z.boolean(),
  quietWeek: z.enum(["send", "skip"], { message: "Choose whether to get a message in a quiet week." }),
  paused: z.boolean(),
});

function formValues(form: FormData) {
  const list = (k: string) => form.getAll(k).filter((v): v is string => typeof v === "string" && v !== "");
  return {
    requestingCountries: [...new Set(list("requestingCountries"))],
    hostCountries: [...new Set(list("hostCountries"))],
    motives: [...new Set(list("motives"))],
    includeNoticeChanges: form.get("includeNoticeChanges") === "on",
    quietWeek: String(form.get("quietWeek") ?? ""),
    paused: form.get("paused") === "on",
  };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const now = nowOf(args.context);
  const week = weekOf(now);
  const settings = await getDigestSettings(args.context.database.db, user.id);
  const preview = await previewFor(args.context, args.request, userKey(user.id), week);
  return { settings, week: { week: week.week, range: weekRangeText(week) }, preview, email: user.email };
}

type ActionData = { ok: true } | { ok: false; errors: FieldErrors; values: DigestSettings | null };

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const form = await readForm(args.request);
  const values = formValues(form);
  const parsed = digestSettingsSchema.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return data<ActionData>({ ok: false, errors, values: null }, { status: 400 });
  }
  await saveDigestSettings(args.context.database.db, user.id, parsed.data, nowOf(args.context));
  await audit(args.context, { actorId: user.id, action: "digest.settings_changed", targetType: "user", targetId: user.id, details: { ...parsed.data } });
  return { ok: true } satisfies ActionData;
}

function CountryList({ name, label, value, error }: { name: string; label: string; value: string[]; error?: string }) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={`${id}-hint`}>
        None chosen means every country. Hold Ctrl (⌘ on a Mac) to choose several.
      </span>
      <select id={id} name={name} multiple size={6} defaultValue={value} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`} aria-invalid={error ? true : undefined}>
        {COUNTRIES.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </select>
      {error ? (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

export default function MyDigest() {
  const { settings, week, preview, email } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const errors = result && !result.ok ? result.errors : {};
  const s = settings;
  return (
    <>
      <h1>My digest</h1>
      <p className="lede">
        Every Monday morning an e-mail to {email} with what changed the week before in what you follow: public notices for
        the countries you watch, the cases you follow and new cases and decisions you may see, your notifications, and
        hearings and deadlines in the two weeks ahead.
      </p>
      {result?.ok ? (
        <div className="notice-banner notice-banner--ok" role="status">
          Saved. The preview below shows the digest with these settings.
        </div>
      ) : null}
      <FormError message={result && !result.ok ? "Some settings need a change: see the messages below." : undefined} />
      <Form method="post" className="stack" aria-labelledby="settings-h">
        <h2 id="settings-h">What it covers</h2>
        <CountryList name="requestingCountries" label="Requesting countries (notices and cases)" value={s.requestingCountries} error={errors.requestingCountries} />
        <CountryList name="hostCountries" label="Host countries (cases)" value={s.hostCountries} error={errors.hostCountries} />
        <fieldset className="field">
          <legend>Alleged motives (cases)</legend>
          <span className="hint">None ticked means every motive.</span>
          {MOTIVES.terms.map((m) => (
            <label key={m.key} className="check">
              <input type="checkbox" name="motives" value={m.key} defaultChecked={s.motives.includes(m.key)} /> {m.label}
            </label>
          ))}
          {errors.motives ? <span className="error">{errors.motives}</span> : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" name="includeNoticeChanges" defaultChecked={s.includeNoticeChanges} /> Include changes to the public red notices
          (counts by country and the notable ones)
        </label>
        <p className="muted">The cases you follow are always in it.</p>
        <fieldset className="field">
          <legend>In a quiet week</legend>
          <label className="check">
            <input type="radio" name="quietWeek" value="send" defaultChecked={s.quietWeek === "send"} /> Send one line saying it was quiet
          </label>
          <label className="check">
            <input type="radio" name="quietWeek" value="skip" defaultChecked={s.quietWeek === "skip"} /> Send nothing
          </label>
          {errors.quietWeek ? <span className="error">{errors.quietWeek}</span> : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" name="paused" defaultChecked={s.paused} /> Stop the digest for now
        </label>
        <div>
          <button type="submit">Save</button>
        </div>
      </Form>

      <h2 id="preview-h">This week’s digest so far</h2>
      <p className="muted">
        Week {week.week} ({week.range}), as it would be sent to you now.
        {s.paused ? " The digest is stopped: nothing is sent until you turn it on again." : ""}
        {preview && !preview.send ? " This week is quiet and you chose to get nothing in a quiet week, so it would not be sent." : ""}
      </p>
      {preview ? <DigestPreview {...preview} /> : <p>Nothing to show.</p>}
    </>
  );
}
