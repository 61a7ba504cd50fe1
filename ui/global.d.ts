/** Front-end globals of the FDK (fdk-platform.md §5); the client itself is typed in each app's client module. */
declare const app: { initialized(): Promise<unknown> };
