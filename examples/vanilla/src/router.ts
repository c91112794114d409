const pages: Record<string, string> = {
  '/': `<article data-testid="page-home">
    <h2>Home</h2>
    <p>Sign in, change the plan, then open the account page. Every click is recorded.</p>
  </article>`,
  '/account': `<article data-testid="page-account">
    <h2>Account</h2>
    <label>Card number (masked in recordings)
      <input data-testid="card-number" class="milana-mask" autocomplete="off"
        inputmode="numeric" placeholder="4242 4242 4242 4242" />
    </label>
  </article>`,
};

/**
 * A minimal History API router: the SDK records `pushState` and `popstate` navigations, so any
 * router built on them (or this one) shows up as route changes in the session.
 */
export function startRouter(outlet: HTMLElement): void {
  const render = () => {
    outlet.innerHTML = pages[location.pathname] ?? pages['/']!;
  };
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-link]');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (link.pathname !== location.pathname) history.pushState(null, '', link.pathname);
    render();
  });
  window.addEventListener('popstate', render);
  render();
}
