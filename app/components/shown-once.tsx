// A secret the server shows exactly once (a new API key or webhook secret): a status region
// with a read-only, selectable field, so screen readers announce it and users can copy it.
export function ShownOnce({ id, title, body, label, value, testId, children }: { id: string; title: string; body: string; label: string; value: string; testId: string; children?: React.ReactNode }) {
  return (
    <section role="status" aria-labelledby={`${id}-h`} className="mt-4 rounded-md border border-amber-400 bg-amber-50 p-4">
      <h2 id={`${id}-h`}>{title}</h2>
      <p className="mt-2 text-sm">{body}</p>
      {children}
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} readOnly className="input mt-2 font-mono" value={value} data-testid={testId} />
    </section>
  );
}
