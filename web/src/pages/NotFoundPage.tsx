import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <section className="state state-empty">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the list of doctors</Link>
      </p>
    </section>
  );
}
