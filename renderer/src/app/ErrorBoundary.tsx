import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  /** What broke, for the message: e.g. "The response view". */
  area: string;
  children: ReactNode;
  /** Rendered instead of the default message (e.g. a simpler editor). */
  fallback?: ReactNode;
}

interface ErrorBoundaryState {
  error?: Error;
}

/** Keeps a rendering bug in one panel from blanking the whole window; the panel can be retried. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = {};

  static getDerivedStateFromError(error: Error): ErrorBoundaryState {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.area} failed to render`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.fallback !== undefined) return this.props.fallback;
    return (
      <div className="banner banner-error" role="alert">
        <div className="banner-body">
          <strong>{this.props.area} hit a bug and was reset.</strong>
          <div className="banner-message">{error.message}</div>
        </div>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
