import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Notices · Article 3" }];

export default function Notices() {
  return (
    <>
      <h1>Notices</h1>
      <div className="empty-state">
        <strong>No notices have been pulled yet.</strong>
        Once the scheduled pull from Interpol&rsquo;s public service runs, every red notice and its history appears here.
      </div>
    </>
  );
}
