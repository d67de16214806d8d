import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "../auth.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Article 3" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args);
  return null;
}

export default function Dashboard() {
  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
      </div>
      <p className="lede">
        Article 3 watches Interpol&rsquo;s public red notices for signs of abuse, and keeps the cases and precedents
        that NGOs and lawyers build around them.
      </p>
      <div className="grid">
        <section className="card" aria-labelledby="watch-h">
          <h2 id="watch-h">Watch</h2>
          <p>Every addition, change, removal and reappearance in Interpol&rsquo;s public red notices, kept for good.</p>
          <a href="/notices">Browse notices</a>
        </section>
        <section className="card" aria-labelledby="track-h">
          <h2 id="track-h">Track</h2>
          <p>Cases of people pursued abroad: notices, arrests, pressure on relatives, hearings and outcomes.</p>
          <a href="/cases">Open cases</a>
        </section>
        <section className="card" aria-labelledby="prec-h">
          <h2 id="prec-h">Precedents</h2>
          <p>Court and CCF decisions, searchable by requesting state, forum and grounds.</p>
          <a href="/precedents">Search precedents</a>
        </section>
      </div>
    </>
  );
}
