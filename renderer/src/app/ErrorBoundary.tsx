// One per screen: a bug in one screen shows a message there and leaves the navigation working.
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode; name: string }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error) {
    console.error(`The ${this.props.name} screen failed:`, error);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <div className="banner error" role="alert">
          <div style={{ flex: 1 }}>
            <strong>The {this.props.name} screen hit a problem.</strong>
            Nothing was changed by it. Try again; if it keeps happening, restart the console.
          </div>
          <button className="btn small" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
