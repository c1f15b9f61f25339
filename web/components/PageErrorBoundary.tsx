import { Component, type ComponentChildren } from "preact";
import { ErrorNotice } from "./Status";

interface Props {
  /** The address shown; a new address clears the error. */
  resetKey: string;
  children: ComponentChildren;
}

interface State {
  key: string;
  error: unknown;
}

/**
 * A page that throws while rendering shows an error with a reload, not an empty screen; the
 * shell (header, language switch, contacts) stays usable and the next navigation starts clean.
 */
export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { key: this.props.resetKey, error: undefined };

  static override getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { key: props.resetKey, error: undefined };
  }

  static override getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    console.error("page failed to render", error);
  }

  override render() {
    if (this.state.error !== undefined) {
      return <ErrorNotice error={this.state.error} onRetry={() => location.reload()} />;
    }
    return this.props.children;
  }
}
