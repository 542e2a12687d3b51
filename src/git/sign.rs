//! Signing a tag as git does, with the user's OpenPGP, X.509 or ssh key:
//! libgit2 cannot sign, so the signature is made by the program git would
//! run (`gpg --detach-sign --armor`, `gpgsm`, `ssh-keygen -Y sign -n git`),
//! chosen and configured by git's own settings. The only place that runs
//! these programs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// How a tag gets signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signer {
    format: Format,
    /// The program to run.
    program: String,
    /// OpenPGP and X.509: a key id or user id; ssh: a key file, or a
    /// public key given literally (then the agent holds the private key).
    key: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    OpenPgp,
    X509,
    Ssh,
}

impl Signer {
    /// The signer of git's configuration, read through `text` (a key's
    /// value, if set): `gpg.format`, `gpg.<format>.program` (or
    /// `gpg.program`) and `user.signingKey`, which defaults to the
    /// committer's `identity` for OpenPGP and X.509. `dir` is where a
    /// relative key file is found.
    pub fn from_config(
        text: &dyn Fn(&str) -> Option<String>,
        identity: &str,
        dir: &Path,
    ) -> Result<Signer> {
        let format = match text("gpg.format").as_deref() {
            None | Some("openpgp") => Format::OpenPgp,
            Some("x509") => Format::X509,
            Some("ssh") => Format::Ssh,
            Some(other) => {
                return Err(Error::failed(format!(
                    "git's gpg.format is `{other}`, which git does not know"
                ))
                .with_help("set it to openpgp, x509 or ssh: `git config gpg.format ssh`"));
            }
        };
        let (name, default) = match format {
            Format::OpenPgp => ("openpgp", "gpg"),
            Format::X509 => ("x509", "gpgsm"),
            Format::Ssh => ("ssh", "ssh-keygen"),
        };
        let program = text(&format!("gpg.{name}.program"))
            .or_else(|| {
                (format == Format::OpenPgp)
                    .then(|| text("gpg.program"))
                    .flatten()
            })
            .unwrap_or_else(|| default.to_string());
        let key = match (text("user.signingkey"), format) {
            (Some(key), Format::Ssh) => ssh_key(&key, dir),
            (Some(key), _) => key,
            (None, Format::Ssh) => {
                return Err(Error::failed("git has no ssh key to sign with")
                    .with_help("name it: `git config user.signingKey ~/.ssh/id_ed25519.pub`"));
            }
            (None, _) => identity.to_string(),
        };
        Ok(Signer {
            format,
            program,
            key,
        })
    }

    /// The armored signature of `payload`, as it follows a tag's message.
    pub fn sign(&self, payload: &str) -> Result<String> {
        match self.format {
            Format::OpenPgp | Format::X509 => self.gpg(payload),
            Format::Ssh => self.ssh(payload),
        }
    }

    fn gpg(&self, payload: &str) -> Result<String> {
        let mut child = Command::new(&self.program)
            .args(["--status-fd=2", "--detach-sign", "--armor", "--local-user"])
            .arg(&self.key)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| not_run(&self.program, &e))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(payload.as_bytes())
                .map_err(|e| not_run(&self.program, &e))?;
        }
        let output = child
            .wait_with_output()
            .map_err(|e| not_run(&self.program, &e))?;
        let status = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || !status.contains("[GNUPG:] SIG_CREATED ") {
            return Err(refused(&self.program, &self.key, &status));
        }
        String::from_utf8(output.stdout)
            .map_err(|_| refused(&self.program, &self.key, "the signature is not text"))
    }

    fn ssh(&self, payload: &str) -> Result<String> {
        let dir = tempfile::tempdir().map_err(|e| not_run(&self.program, &e))?;
        let buffer = dir.path().join("tag");
        std::fs::write(&buffer, payload).map_err(|e| not_run(&self.program, &e))?;
        let mut command = Command::new(&self.program);
        command.args(["-Y", "sign", "-n", "git", "-f"]);
        match self.key.strip_prefix("key::") {
            // A literal public key: the agent signs with its private half.
            Some(literal) => {
                let file = dir.path().join("key.pub");
                std::fs::write(&file, format!("{literal}\n"))
                    .map_err(|e| not_run(&self.program, &e))?;
                command.arg(file).arg("-U");
            }
            None => {
                command.arg(&self.key);
            }
        }
        let output = command
            .arg(&buffer)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| not_run(&self.program, &e))?;
        if !output.status.success() {
            return Err(refused(
                &self.program,
                &self.key,
                &String::from_utf8_lossy(&output.stderr),
            ));
        }
        let signature = buffer.with_extension("sig");
        std::fs::read_to_string(&signature)
            .map_err(|_| refused(&self.program, &self.key, "it wrote no signature"))
    }
}

/// The ssh key as `ssh-keygen -f` takes it: a literal key keeps its
/// `key::` mark (git also takes one that starts with `ssh-`), a file has
/// `~` expanded and is found from `dir`.
fn ssh_key(key: &str, dir: &Path) -> String {
    if key.starts_with("key::") {
        return key.to_string();
    }
    if key.starts_with("ssh-") {
        return format!("key::{key}");
    }
    let path = match key.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from(key), |h| PathBuf::from(h).join(rest)),
        None => dir.join(key),
    };
    path.display().to_string()
}

fn not_run(program: &str, e: &std::io::Error) -> Error {
    Error::failed(format!("could not run `{program}` to sign the tag: {e}")).with_help(
        "install it, or name the program in git's configuration (gpg.program, gpg.ssh.program)",
    )
}

fn refused(program: &str, key: &str, said: &str) -> Error {
    let said: Vec<&str> = said
        .lines()
        .filter(|l| !l.starts_with("[GNUPG:]") && !l.trim().is_empty())
        .collect();
    Error::failed(format!(
        "`{program}` did not sign with the key `{key}`{}",
        if said.is_empty() {
            String::new()
        } else {
            format!(": {}", said.join("; "))
        }
    ))
    .with_help("check git's user.signingKey and gpg.format, then try again")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(settings: &[(&str, &str)]) -> Result<Signer> {
        let lookup = |key: &str| {
            settings
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        Signer::from_config(&lookup, "Ann <ann@example.org>", Path::new("/repo"))
    }

    #[test]
    fn the_signer_follows_git_configuration() {
        let gpg = signer(&[]).unwrap();
        assert_eq!(
            (gpg.program.as_str(), gpg.key.as_str()),
            ("gpg", "Ann <ann@example.org>")
        );
        let custom = signer(&[("gpg.program", "gpg2"), ("user.signingkey", "ABCD")]).unwrap();
        assert_eq!(
            (custom.program.as_str(), custom.key.as_str()),
            ("gpg2", "ABCD")
        );
        let ssh = signer(&[("gpg.format", "ssh"), ("user.signingkey", "keys/id.pub")]).unwrap();
        assert_eq!(
            (ssh.program.as_str(), ssh.key.as_str()),
            ("ssh-keygen", "/repo/keys/id.pub")
        );
        let literal = signer(&[
            ("gpg.format", "ssh"),
            ("user.signingkey", "ssh-ed25519 AAAA"),
        ])
        .unwrap();
        assert_eq!(literal.key, "key::ssh-ed25519 AAAA");
        assert!(signer(&[("gpg.format", "ssh")]).is_err());
        assert!(signer(&[("gpg.format", "pgp")]).is_err());
    }
}
