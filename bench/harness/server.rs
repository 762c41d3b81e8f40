//! The werkpad server under test, as its own process (`werkpad serve`, release build), so
//! that its start-up time and peak memory are its own and not the harness's.

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

/// A running server.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// From spawning the process to its first 200 on `/v1/health/ready`.
    pub ready_after: Duration,
}

impl Server {
    /// Starts `binary` with `env` (its whole configuration, secrets included: the
    /// environment, never the command line, which any local user can read), logging to
    /// `log`, and waits until it is ready.
    pub async fn start(
        binary: &Path,
        env: &[(String, String)],
        log: &Path,
    ) -> anyhow::Result<Self> {
        // A free port: bind port 0, read what the kernel chose, let go of it for the server.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let log = File::create(log)?;
        let started = Instant::now();
        let mut child = Command::new(binary)
            .arg("serve")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("WERKPAD_LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let http = reqwest::Client::new();
        let ready = format!("{base}/v1/health/ready");
        loop {
            if let Some(status) = child.try_wait()? {
                bail!("the server exited during start-up ({status}); see its log");
            }
            if let Ok(answer) = http.get(&ready).send().await
                && answer.status().is_success()
            {
                break;
            }
            if started.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                bail!("the server was not ready within two minutes");
            }
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(Self {
            ready_after: started.elapsed(),
            child,
            base,
        })
    }

    /// The most memory the process has held resident so far (VmHWM), in bytes.
    pub fn peak_rss(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM in /proc/<pid>/status")?;
        Ok(kib * 1024)
    }
}

impl Drop for Server {
    /// Also when a scenario fails: no server outlives the run.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
