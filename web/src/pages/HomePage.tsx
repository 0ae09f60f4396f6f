import { useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { useSearchParams } from 'react-router';
import { DoctorList } from '../components/DoctorList';
import { ErrorState, Loading } from '../components/States';
import { api } from '../lib/api';

export default function HomePage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const specialization = params.get('specialization') ?? '';
  const deferredSearch = useDeferredValue(search.trim());

  const all = useQuery({ queryKey: ['doctors', {}], queryFn: ({ signal }) => api.doctors({}, signal) });
  const filtered = useQuery({
    queryKey: ['doctors', { search: deferredSearch, specialization }],
    queryFn: ({ signal }) => api.doctors({ search: deferredSearch || undefined, specialization: specialization || undefined }, signal),
    placeholderData: (previous) => previous,
  });
  const specializations = [...new Set((all.data ?? []).map((d) => d.specialization))].sort();

  const update = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <section className="hero">
        <h1>Book a doctor</h1>
        <p className="muted">Pick a doctor, choose a free time and hold it while you confirm.</p>
      </section>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="filter">
          <span>Search by name</span>
          <input type="search" value={search} placeholder="e.g. Hart" onChange={(e) => update('q', e.target.value)} />
        </label>
        <label className="filter">
          <span>Specialization</span>
          <select value={specialization} onChange={(e) => update('specialization', e.target.value)}>
            <option value="">All specializations</option>
            {specializations.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      {filtered.isPending && <Loading label="Loading doctors…" />}
      {filtered.isError && <ErrorState error={filtered.error} onRetry={() => void filtered.refetch()} />}
      {filtered.data && <DoctorList doctors={filtered.data} />}
    </>
  );
}
