/** Types of scripts/dashboard-page.mjs, for the tests and the bench that build the page. */
export type DashboardPageFiles = Record<'index.html' | 'app.js' | 'app.css', Buffer>;
export function buildDashboardPage(): Promise<DashboardPageFiles>;
export function writeDashboardPage(files: DashboardPageFiles, directory: string): void;
