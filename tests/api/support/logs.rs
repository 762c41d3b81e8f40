//! Captures every log line of the test process (at debug level) so tests can prove that no
//! secret is ever logged.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        if std::env::var_os("WERKPAD_TEST_LOG").is_some() {
            std::io::stderr().write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

static SINK: OnceLock<Sink> = OnceLock::new();

pub fn install() {
    SINK.get_or_init(|| {
        let sink = Sink::default();
        let writer = sink.clone();
        werkpad::telemetry::init(
            werkpad::config::LogFormat::Json,
            "debug,h2=info,hyper=info,hyper_util=info,reqwest=info",
            move || writer.clone(),
        );
        sink
    });
}

/// Everything logged so far by any test in this process.
pub fn captured_logs() -> String {
    SINK.get()
        .map(|s| String::from_utf8_lossy(&s.0.lock().unwrap()).into_owned())
        .unwrap_or_default()
}
