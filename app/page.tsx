export default function HomePage() {
  return (
    <main>
      <h1>HubSpot CRM Integration</h1>
      <p>
        The REST API is under <code>/api</code>: <a href="/api/health">/api/health</a>.
      </p>
    </main>
  );
}
