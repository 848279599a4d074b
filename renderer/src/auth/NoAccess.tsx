// A signed-in account that holds no staff role: main has already signed it out; nothing else loads.
export function NoAccess(props: { message: string; onBack: () => void }) {
  return (
    <main className="centre">
      <div className="card auth-card" role="alert">
        <h1>No console access</h1>
        <p>{props.message}</p>
        <p className="muted">
          The console is for HumanGlue staff (admin, moderator, finance, leadership). Ask an admin to grant you a role, then sign in again.
        </p>
        <button className="btn primary" onClick={props.onBack} autoFocus>
          Back to sign-in
        </button>
      </div>
    </main>
  );
}
