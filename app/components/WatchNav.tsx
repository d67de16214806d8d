import { NavLink } from "@remix-run/react";

/** Sub-navigation shared by the Watch pages. */
export function WatchNav() {
  return (
    <nav aria-label="Watch" className="subnav">
      <ul>
        <li>
          <NavLink to="/notices" end>
            Notices
          </NavLink>
        </li>
        <li>
          <NavLink to="/changes">Changes</NavLink>
        </li>
        <li>
          <NavLink to="/runs">Runs</NavLink>
        </li>
      </ul>
    </nav>
  );
}
