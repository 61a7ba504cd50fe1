/** Front-end globals of the FDK (docs/fdk-facts.md §5); the client itself is typed in each app's client module. */
declare const app: { initialized(): Promise<unknown> };
