//! `minutes sync` over ssh: an `sshd` started for the test on 127.0.0.1,
//! with a host key and a user key made for it, a temporary home and
//! known_hosts; the clones reach the bare repository through the `git`
//! program and the user's ssh configuration, as people do. Skipped, saying
//! so, where sshd cannot run (not installed, or not root).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::sync::{FILE, Group};

const SSHD: &str = "/usr/sbin/sshd";

/// The server; stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("run ssh-keygen");
    assert!(status.success());
}

/// Why the test cannot run here, if it cannot.
fn unavailable() -> Option<String> {
    if !Path::new(SSHD).exists() {
        return Some(format!(
            "{SSHD} is not installed (apt install openssh-server)"
        ));
    }
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some("sshd needs root to log a user in".into());
    }
    if Command::new("ssh-keygen").arg("-?").output().is_err() {
        return Some("ssh-keygen is not installed".into());
    }
    None
}

#[test]
fn two_people_sync_through_a_remote_over_ssh() {
    if let Some(why) = unavailable() {
        eprintln!("skipped: {why}");
        return;
    }
    let group = Group::bare();
    let scratch = &group.scratch;
    let ssh = scratch.home().join(".ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    let _ = std::fs::create_dir_all("/run/sshd");
    keygen(&ssh.join("host"));
    keygen(&ssh.join("id_ed25519"));
    std::fs::copy(ssh.join("id_ed25519.pub"), ssh.join("authorized_keys")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = ssh.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "ListenAddress 127.0.0.1\nPort {port}\nHostKey {host}\nAuthorizedKeysFile {keys}\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n\
             StrictModes no\nUsePAM no\nPidFile none\nAcceptEnv GIT_PROTOCOL\n",
            host = ssh.join("host").display(),
            keys = ssh.join("authorized_keys").display(),
        ),
    )
    .unwrap();
    let server = Server(
        Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sshd"),
    );
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sshd did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let host_key = std::fs::read_to_string(ssh.join("host.pub")).unwrap();
    let key = host_key
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(
        ssh.join("known_hosts"),
        format!("[127.0.0.1]:{port} {key}\n"),
    )
    .unwrap();
    // The user's ssh configuration names the host; git finds the rest there.
    std::fs::write(
        ssh.join("config"),
        format!(
            "Host group-server\n  HostName 127.0.0.1\n  Port {port}\n  User root\n  IdentityFile {id}\n  \
             IdentitiesOnly yes\n  UserKnownHostsFile {known}\n  StrictHostKeyChecking yes\n  BatchMode yes\n",
            id = ssh.join("id_ed25519").display(),
            known = ssh.join("known_hosts").display(),
        ),
    )
    .unwrap();
    // ssh reads the configuration of the account, not $HOME: point it there.
    let ssh_command = format!("ssh -F {}", ssh.join("config").display());
    let env = [("GIT_SSH_COMMAND", ssh_command.as_str())];
    let url = format!("group-server:{}", scratch.path("remote.git").display());

    let clone = |who: &str| {
        scratch
            .git_env(scratch.root(), &["clone", "-q", &url, who], &env)
            .ok();
    };
    clone("anna");
    group.write("anna", "minutes.toml", crate::support::CONFIG);
    group.write("anna", FILE, crate::sync::MEETING);
    group.minutes("anna", &["commit", "-m", "Start"]).ok();
    group.minutes_env("anna", &["sync"], &env).ok();
    clone("lu");
    group.change("anna", "M23 took Goma.", "M23 took Goma on Monday.");
    group.change("lu", "Talks are planned.", "Talks are planned in Doha.");
    group.minutes_env("anna", &["sync"], &env).ok();
    group
        .minutes_env("lu", &["sync"], &env)
        .ok()
        .stdout_has("Came in from origin/main:\n  2025-01-28: notes of \"congo\" edited by Anna");
    group.minutes_env("anna", &["sync"], &env).ok();
    group.agree();
    drop(server);
}
