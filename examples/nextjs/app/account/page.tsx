export default function AccountPage() {
  return (
    <article data-testid="page-account">
      <h2>Account</h2>
      <label>
        Card number (masked in recordings){' '}
        <input
          data-testid="card-number"
          className="milana-mask"
          autoComplete="off"
          inputMode="numeric"
          placeholder="4242 4242 4242 4242"
        />
      </label>
    </article>
  );
}
