-- Issue 10: where a session and a token came from, and the addresses an account signs in from.
-- No secrets here: a channel word, a client address and a user agent's family ("Firefox").

ALTER TABLE sessions ADD COLUMN channel TEXT;
ALTER TABLE sessions ADD COLUMN client_address TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;

ALTER TABLE api_tokens ADD COLUMN created_from TEXT;
ALTER TABLE api_tokens ADD COLUMN client_address TEXT;
ALTER TABLE api_tokens ADD COLUMN user_agent TEXT;

-- An address from which the account signed in with its password: attempts from there are not
-- slowed down by failures of that account elsewhere (sign-in throttling). Kept 30 days.
CREATE TABLE sign_in_clients (
    user_id      TEXT NOT NULL REFERENCES users(id),
    client       TEXT NOT NULL,
    last_success TEXT NOT NULL,
    PRIMARY KEY (user_id, client)
);
