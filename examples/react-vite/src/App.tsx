import { Link, Route, Routes } from 'react-router';
import { ContextDemo } from './ContextDemo';
import { DemoControls } from './DemoControls';
import { AccountPage } from './pages/AccountPage';
import { HomePage } from './pages/HomePage';

export function App() {
  return (
    <main>
      <h1>Milana · React + Vite</h1>
      <nav>
        <Link to="/" data-testid="nav-home">
          Home
        </Link>{' '}
        <Link to="/account" data-testid="nav-account">
          Account
        </Link>
      </nav>
      <DemoControls />
      <ContextDemo />
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/account" element={<AccountPage />} />
      </Routes>
    </main>
  );
}
