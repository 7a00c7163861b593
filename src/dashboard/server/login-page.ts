/**
 * The login form: plain HTML that posts to /login, with no script. `message` is one of the
 * constants below, never text from the request.
 */
export const LOGIN_MESSAGES = {
  none: '',
  wrong: 'Wrong password.',
  limited: 'Too many wrong passwords from this address: wait a few minutes, then try again.',
  loggedOut: 'Logged out.',
} as const;

export type LoginMessage = keyof typeof LOGIN_MESSAGES;

export function loginPage(message: LoginMessage): string {
  const note = LOGIN_MESSAGES[message];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>owm2mqtt: log in</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
</head>
<body class="login">
<main>
<h1>owm2mqtt</h1>
<form method="post" action="/login">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Log in</button>
</form>
${note === '' ? '' : `<p class="note" role="alert">${note}</p>\n`}</main>
</body>
</html>
`;
}
