import { ConnectionPanel } from './ConnectionPanel';

export default function ConnectionScreen() {
  return (
    <div className="page" style={{ maxWidth: 720 }}>
      <header className="page-header">
        <div>
          <h1>Connection</h1>
          <p className="subtitle">Where the console reads and writes HumanGlue's data.</p>
        </div>
      </header>
      <div className="card" style={{ padding: 20 }}>
        <ConnectionPanel />
      </div>
    </div>
  );
}
