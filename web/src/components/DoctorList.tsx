import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import type { Doctor } from '../lib/types';
import { DoctorCard } from './DoctorCard';
import { Empty } from './States';

/** Doctor cards, each with the next free slot (fetched for all shown doctors in one request). */
export function DoctorList({ doctors }: { doctors: Doctor[] }) {
  const ids = doctors.map((d) => d.id).slice(0, 100);
  const next = useQuery({
    queryKey: ['next-slots', ids],
    queryFn: ({ signal }) => api.nextSlots(ids, signal),
    refetchInterval: 30_000,
  });
  if (doctors.length === 0) return <Empty>No doctors match. Try another name or specialization.</Empty>;
  return (
    <ul className="doctor-grid" aria-label="Doctors">
      {doctors.map((d) => (
        <DoctorCard key={d.id} doctor={d} next={next.data?.find((s) => s.doctor_id === d.id)} nextLoading={next.isPending} />
      ))}
    </ul>
  );
}
