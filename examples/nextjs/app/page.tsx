export default function HomePage() {
  return (
    <article data-testid="page-home">
      <h2>Home</h2>
      <p>Sign in, change the plan, then open the account page. Every click is recorded.</p>
    </article>
  );
}
