/** The problem with running on Node.js `version`, or undefined when it is recent enough (see node-version.cjs). */
export declare function nodeVersionProblem(version: string, execPath: string, readme: string | undefined): string | undefined;
