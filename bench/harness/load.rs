//! Load over loopback with wrk: one connection per wrk thread (so that the Lua scripts in
//! wrk/ can keep per-connection state), a fixed duration, and a generous timeout so that a
//! slow answer counts as slow, not as an error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, bail};

use super::measurement::Measurement;

const COMMON: &str = include_str!("wrk/common.lua");

/// A scenario script from wrk/.
#[derive(Clone, Copy)]
pub enum Script {
    /// GET one of several paths.
    Get,
    /// Sign in.
    Login,
    /// Register a client and open a trajectory.
    Create,
    /// Pause and resume trajectories with If-Match.
    Transition,
}

impl Script {
    const fn source(self) -> &'static str {
        match self {
            Self::Get => include_str!("wrk/get.lua"),
            Self::Login => include_str!("wrk/login.lua"),
            Self::Create => include_str!("wrk/create.lua"),
            Self::Transition => include_str!("wrk/transition.lua"),
        }
    }
}

/// One wrk run.
pub struct Load {
    /// The script.
    pub script: Script,
    /// Its data: a Lua expression (see `lua`), read by the script's `init`.
    pub data: String,
    /// Open connections.
    pub connections: usize,
    /// How long.
    pub duration: Duration,
}

/// A wrk process under way.
pub struct Running {
    child: Child,
    name: String,
}

/// Starts `load` against `base` (`http://127.0.0.1:port`), with its files in `dir`.
pub fn start(base: &str, dir: &Path, name: &str, load: &Load) -> anyhow::Result<Running> {
    let script = dir.join(format!("{name}.lua"));
    std::fs::write(&script, format!("{COMMON}\n{}", load.script.source()))?;
    let data: PathBuf = dir.join(format!("{name}.data.lua"));
    std::fs::write(&data, format!("return {}\n", load.data))?;
    let child = Command::new("wrk")
        .arg(format!("--threads={}", load.connections))
        .arg(format!("--connections={}", load.connections))
        .arg(format!("--duration={}s", load.duration.as_secs().max(1)))
        .arg("--timeout=30s")
        .arg("--script")
        .arg(&script)
        .arg(base)
        .arg("--")
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start wrk (bench/run installs it)")?;
    Ok(Running {
        child,
        name: name.to_owned(),
    })
}

impl Running {
    /// Waits for the run to end and reads what it measured.
    pub fn finish(self) -> anyhow::Result<Measurement> {
        let output = self.child.wait_with_output()?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!(
                "wrk failed on {}: {}{}",
                self.name,
                stdout,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        parse(&stdout).with_context(|| format!("no result from wrk on {}: {stdout}", self.name))
    }
}

/// Runs `load` to the end.
pub fn run(base: &str, dir: &Path, name: &str, load: &Load) -> anyhow::Result<Measurement> {
    start(base, dir, name, load)?.finish()
}

/// Reads the line `done` in wrk/common.lua prints.
fn parse(stdout: &str) -> Option<Measurement> {
    let line = stdout.lines().find(|l| l.starts_with("werkpad-bench "))?;
    let field = |key: &str| -> Option<u64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))?
            .parse()
            .ok()
    };
    #[expect(
        clippy::cast_precision_loss,
        reason = "microseconds of a run of seconds"
    )]
    let seconds = field("duration_us")? as f64 / 1e6;
    Some(Measurement {
        requests: field("requests")?,
        seconds,
        p50: Duration::from_micros(field("p50_us")?),
        p99: Duration::from_micros(field("p99_us")?),
        errors: field("errors")?,
    })
}

/// A Lua value, written for the scripts' `dofile`.
pub enum Lua {
    /// A string.
    Str(String),
    /// A number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An array.
    List(Vec<Lua>),
    /// A record.
    Table(Vec<(&'static str, Lua)>),
}

impl Lua {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    /// Lua source for the value.
    pub fn source(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Self::Str(s) => {
                // `{:?}` escapes quotes, backslashes and control characters the way Lua
                // reads them too; the values are ids, tokens and addresses.
                let _ = write!(out, "{s:?}");
            }
            Self::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Self::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Self::List(items) => {
                out.push('{');
                for item in items {
                    item.write(out);
                    out.push(',');
                }
                out.push('}');
            }
            Self::Table(fields) => {
                out.push('{');
                for (key, value) in fields {
                    let _ = write!(out, "{key}=");
                    value.write(out);
                    out.push(',');
                }
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn reads_the_result_line() {
        let m = parse("Running 1s test\nwerkpad-bench requests=120 duration_us=2000000 p50_us=1500 p99_us=9000 errors=3\n")
            .expect("parsed");
        assert_eq!(m.requests, 120);
        assert_eq!(m.errors, 3);
        assert_eq!(m.p99, Duration::from_millis(9));
        assert!((m.rate() - 60.0).abs() < 1e-9);
    }

    #[test]
    fn writes_lua_tables() {
        let v = Lua::Table(vec![
            ("token", Lua::str("a\"b")),
            ("ids", Lua::List(vec![Lua::Int(1), Lua::Bool(true)])),
        ]);
        assert_eq!(v.source(), r#"{token="a\"b",ids={1,true,},}"#);
    }
}
