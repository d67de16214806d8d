// Anything no other route matches: the root error boundary renders a plain not-found page.
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
