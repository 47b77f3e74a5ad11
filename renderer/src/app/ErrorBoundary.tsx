import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  onReset: () => void;
  children: ReactNode;
}

/** An uncaught renderer error shows what happened and a way back, never a blank window. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    // The renderer has no logger of its own; the devtools console is where a developer looks.
    console.error('renderer error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong in this view</h1>
        <p>{this.state.error.message}</p>
        <p>Your labels are saved as you make them; nothing was lost.</p>
        <button
          type="button"
          className="primary"
          onClick={() => {
            this.setState({ error: null });
            this.props.onReset();
          }}
        >
          Back to start
        </button>
      </div>
    );
  }
}
