//! Long output through a pager, as git does it.
//!
//! The pager is `$MINUTES_PAGER`, else `$PAGER`, else `less -FRX` (quit at
//! once when the text fits the screen, let colours through, leave the text
//! on the screen); an empty command or `cat` means no pager. It runs only
//! when stdout is a terminal. It owns no output of its own: [`start`] puts
//! the pager's input in place of stdout (file descriptor 1), so that
//! everything printed goes through it, and [`Pager::finish`] gives stdout
//! back and waits for the person to quit the pager. A pager that cannot be
//! started is no error: the output goes to the terminal as it would have.
//!
//! Only unix has pagers of this kind; elsewhere [`start`] never starts one.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::{Child, Command, Stdio};

/// The pager command to run, if any: `minutes_pager` (`$MINUTES_PAGER`)
/// when it is set, else `pager` (`$PAGER`), else `less -FRX`.
pub fn choose(minutes_pager: Option<OsString>, pager: Option<OsString>) -> Option<String> {
    let chosen = minutes_pager.or(pager).map_or_else(
        || "less -FRX".to_string(),
        |c| c.to_string_lossy().into_owned(),
    );
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_string())
}

/// How to start `command`: split into words when it is a plain command
/// with arguments, so that a program that is not installed is known at
/// once; through `sh -c` when it needs a shell (quotes, pipes, variables).
fn spawn(command: &str) -> Command {
    let plain = command
        .chars()
        .all(|c| c.is_alphanumeric() || " \t-_./=+,:@".contains(c));
    if plain {
        let mut words = command.split_whitespace();
        let mut cmd = Command::new(words.next().unwrap_or("less"));
        cmd.args(words);
        cmd
    } else {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(command);
        cmd
    }
}

/// A pager that has our stdout.
pub struct Pager {
    child: Child,
    #[cfg(unix)]
    stdout: std::os::fd::OwnedFd,
}

/// Starts the pager when stdout is a terminal and one is wanted.
pub fn start() -> Option<Pager> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let command = choose(std::env::var_os("MINUTES_PAGER"), std::env::var_os("PAGER"))?;
    let mut cmd = spawn(&command);
    // As git does: less and lv quit on a short text and pass colours,
    // unless the person has said otherwise.
    for (name, value) in [("LESS", "FRX"), ("LV", "-c")] {
        if std::env::var_os(name).is_none() {
            cmd.env(name, value);
        }
    }
    let child = cmd.stdin(Stdio::piped()).spawn().ok()?;
    redirect(child)
}

#[cfg(unix)]
fn redirect(mut child: Child) -> Option<Pager> {
    let input = child.stdin.take()?;
    let stdout = rustix::io::dup(std::io::stdout()).ok()?;
    if rustix::stdio::dup2_stdout(&input).is_err() {
        // The pager reads nothing and quits at the end of its input.
        drop(input);
        let _ = child.wait();
        return None;
    }
    Some(Pager { child, stdout })
}

#[cfg(not(unix))]
fn redirect(mut child: Child) -> Option<Pager> {
    drop(child.stdin.take());
    let _ = child.wait();
    None
}

impl Pager {
    /// Ends the pager's input and waits until the person quits it. Ctrl-C
    /// meanwhile is for the pager (less uses it to stop a search), so it
    /// does not end minutes and leave the pager on the terminal.
    pub fn finish(mut self) {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        #[cfg(unix)]
        {
            let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let hook = signal_hook::flag::register(signal_hook::consts::SIGINT, interrupted);
            // Our stdout back in place closes the pager's input.
            let _ = rustix::stdio::dup2_stdout(&self.stdout);
            let _ = self.child.wait();
            if let Ok(hook) = hook {
                signal_hook::low_level::unregister(hook);
            }
        }
        #[cfg(not(unix))]
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(text: &str) -> Option<OsString> {
        Some(OsString::from(text))
    }

    #[test]
    fn minutes_pager_then_pager_then_less() {
        assert_eq!(choose(os("most"), os("more")).as_deref(), Some("most"));
        assert_eq!(choose(None, os("more")).as_deref(), Some("more"));
        assert_eq!(choose(None, None).as_deref(), Some("less -FRX"));
    }

    #[test]
    fn empty_or_cat_means_no_pager() {
        assert_eq!(choose(os(""), os("more")), None);
        assert_eq!(choose(os("cat"), None), None);
        assert_eq!(choose(None, os(" cat ")), None);
        assert_eq!(choose(None, os("")), None);
    }

    #[test]
    fn plain_commands_start_without_a_shell() {
        let direct = spawn("less -FRX");
        assert_eq!(direct.get_program(), "less");
        assert_eq!(direct.get_args().collect::<Vec<_>>(), ["-FRX"]);
        let shell = spawn("sed 's/^/> /' | less");
        assert_eq!(shell.get_program(), "sh");
    }
}
