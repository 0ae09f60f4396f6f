import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Link, NavLink, Route, Routes } from 'react-router';
import { Loading } from './components/States';
import { ApiError } from './lib/api';
import { AuthProvider } from './lib/auth';

const HomePage = lazy(() => import('./pages/HomePage'));
const DoctorPage = lazy(() => import('./pages/DoctorPage'));
const AppointmentPage = lazy(() => import('./pages/AppointmentPage'));
const AdminPage = lazy(() => import('./pages/AdminPage'));
const MyAppointmentsPage = lazy(() => import('./pages/MyAppointmentsPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // Client errors will not change by retrying; network and server errors may.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <BrowserRouter>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="topbar">
            <div className="container topbar-inner">
              <Link to="/" className="brand">
                <span className="logo" aria-hidden="true">+</span> Riverside Booking
              </Link>
              <nav aria-label="Main">
                <NavLink to="/" end>
                  Doctors
                </NavLink>
                <NavLink to="/my-appointments">My appointments</NavLink>
                <NavLink to="/admin">Clinic admin</NavLink>
              </nav>
            </div>
          </header>
          <main id="main" className="container" tabIndex={-1}>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/" element={<HomePage />} />
                <Route path="/doctors/:id" element={<DoctorPage />} />
                <Route path="/appointments/:id" element={<AppointmentPage />} />
                <Route path="/my-appointments" element={<MyAppointmentsPage />} />
                <Route path="/admin" element={<AdminPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </Suspense>
          </main>
          <footer className="container footer muted small">Holds last a few minutes; confirm to keep your slot.</footer>
        </BrowserRouter>
      </AuthProvider>
    </QueryClientProvider>
  );
}
