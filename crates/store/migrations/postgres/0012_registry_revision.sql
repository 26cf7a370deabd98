-- A counter that every committed write transaction of the registry raises (Tx::commit), so a
-- cached answer computed from the registry (the overview of deployed officers) knows with one
-- cheap read whether anything changed since.
CREATE TABLE registry_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO registry_revision (id, revision) VALUES (1, 0);
