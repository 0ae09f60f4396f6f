import { useParams, useSearchParams, useNavigate, Link } from 'react-router';
import { recallToken } from '../lib/tokens';
import { AppointmentPanel } from './AppointmentPanel';

/** The patient's reopenable appointment link: /appointments/:id?token=… */
export default function AppointmentPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? recallToken(id);
  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/">All doctors</Link> <span aria-hidden="true">/</span> <span>Your appointment</span>
      </nav>
      <h1>Your appointment</h1>
      <div className="narrow">
        <AppointmentPanel id={id} token={token} onRepick={(a) => navigate(`/doctors/${a.doctor_id}?date=${a.appointment_date}`)} />
      </div>
    </>
  );
}
