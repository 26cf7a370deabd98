//! The node's audit key file: the Ed25519 seed that signs the audit chain's heads and
//! tombstones. It lives outside the database (whoever can change the database must not be
//! able to re-sign it), is created on the first start with permissions 0600, and is never
//! printed; `grenzeloos audit key` prints its public half.

use anyhow::{Context, bail};
use grenzeloos_store::Domains;
use grenzeloos_store::audit::{self, AuditKey};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the key lives unless configured: beside an SQLite database (`grenzeloos.sqlite` →
/// `grenzeloos.audit-key`), else in the working directory. A production node sets
/// `audit_key_file` to a path outside the database's backups.
pub fn default_path(registry_url: &str) -> PathBuf {
    match registry_url
        .strip_prefix("sqlite://")
        .or_else(|| registry_url.strip_prefix("sqlite:"))
    {
        Some(rest) => {
            let path = Path::new(rest.split('?').next().unwrap_or(rest));
            path.with_extension("audit-key")
        }
        None => PathBuf::from("grenzeloos.audit-key"),
    }
}

/// Reads the key in `path`, or `None` when there is no such file.
pub fn load(path: &Path) -> anyhow::Result<Option<AuditKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(error)
                .with_context(|| format!("reading the audit key file {}", path.display()));
        }
    };
    warn_if_readable_by_others(path);
    // The error never shows the file's content: it is the secret.
    let seed: [u8; 32] = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .and_then(|line| hex::decode(line).ok())
        .and_then(|bytes| bytes.try_into().ok())
        .with_context(|| {
            format!(
                "the audit key file {} is not valid: it should hold the key as 64 hexadecimal digits",
                path.display()
            )
        })?;
    Ok(Some(AuditKey::from_seed(seed)))
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the audit key file can be read by others: chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// Writes a new key to `path`, readable by this user only; fails if the file exists.
fn create(path: &Path) -> anyhow::Result<AuditKey> {
    let key = AuditKey::generate();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating the audit key file {}", path.display()))?;
    writeln!(
        file,
        "# Grenzeloos audit key (Ed25519 seed). Keep it secret and keep a copy: without it the\n# audit trail can no longer be sealed. Public half: {}\n{}",
        key.public().hex(),
        hex::encode(key.seed())
    )
    .with_context(|| format!("writing the audit key file {}", path.display()))?;
    Ok(key)
}

/// The node's key from `path`, created on the first start. Refuses a missing or different key
/// when the trail is already signed: signing on with another key would make every earlier
/// signature look forged.
pub async fn load_or_create(path: &Path, domains: &Domains) -> anyhow::Result<Arc<AuditKey>> {
    let mut used: Vec<String> = Vec::new();
    for store in domains.iter() {
        let mut conn = store.read().await?;
        for key in audit::signing_keys(&mut conn, store.domain()).await? {
            if !used.contains(&key) {
                used.push(key);
            }
        }
    }
    let key = match load(path)? {
        Some(key) => key,
        None if used.is_empty() => {
            let key = create(path)?;
            eprintln!(
                "Created the node's audit key in {} (public half: {}).\nKeep a copy of that file outside the database's backups.",
                path.display(),
                key.public().hex()
            );
            key
        }
        None => bail!(
            "the audit key file {} is missing, but the audit trail is signed with the key {}: restore the file, or set audit_key_file (GRENZELOOS_AUDIT_KEY_FILE) to where it is",
            path.display(),
            used.join(", ")
        ),
    };
    let public = key.public().hex();
    if !used.is_empty() && !used.contains(&public) {
        bail!(
            "the audit key in {} (public half {public}) is not the key the audit trail is signed with ({}): point audit_key_file (GRENZELOOS_AUDIT_KEY_FILE) at the node's key",
            path.display(),
            used.join(", ")
        );
    }
    Ok(Arc::new(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_sits_beside_an_sqlite_database_by_default() {
        assert_eq!(
            default_path("sqlite://grenzeloos.sqlite"),
            PathBuf::from("grenzeloos.audit-key")
        );
        assert_eq!(
            default_path("sqlite:///var/lib/g/node.sqlite?mode=rwc"),
            PathBuf::from("/var/lib/g/node.audit-key")
        );
        assert_eq!(
            default_path("postgres://app@db/grenzeloos"),
            PathBuf::from("grenzeloos.audit-key")
        );
    }

    #[test]
    fn a_bad_key_file_is_refused_without_showing_it() {
        let path = std::env::temp_dir().join(format!("key-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, "# comment\nnot-a-key-s3cret\n").unwrap();
        let error = format!("{:#}", load(&path).unwrap_err());
        assert!(error.contains("64 hexadecimal digits"), "{error}");
        assert!(!error.contains("s3cret"), "{error}");
        assert!(load(&path.with_extension("none")).unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_key_file_is_for_its_owner_only_and_reads_back() {
        use std::os::unix::fs::PermissionsExt;
        let path = std::env::temp_dir().join(format!("key-{}", uuid::Uuid::new_v4()));
        let key = create(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(load(&path).unwrap().unwrap().public(), key.public());
        assert!(create(&path).is_err(), "never overwrites a key");
    }
}
