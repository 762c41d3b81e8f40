//! The binary: production refuses weak settings, and unknown database schemes are refused.

use std::process::Command;

fn werkpad(envs: &[(&str, &str)], args: &[&str]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_werkpad"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "WERKPAD_DATABASE_URL",
            format!("sqlite://{}/w.db", dir.path().display()),
        )
        .env("WERKPAD_LISTEN_ADDR", "127.0.0.1:0")
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    (output.status.success(), text)
}

const STRONG: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn production_refuses_a_weak_or_missing_secret() {
    let (ok, text) = werkpad(
        &[("WERKPAD_ENV", "production"), ("WERKPAD_HMAC_KEY", STRONG)],
        &["serve"],
    );
    assert!(!ok);
    assert!(text.contains("WERKPAD_JWT_SECRET"), "{text}");

    let (ok, text) = werkpad(
        &[
            ("WERKPAD_ENV", "production"),
            ("WERKPAD_JWT_SECRET", "too-short"),
            ("WERKPAD_HMAC_KEY", STRONG),
        ],
        &["serve"],
    );
    assert!(!ok);
    assert!(
        text.contains("WERKPAD_JWT_SECRET must be at least 32 bytes"),
        "{text}"
    );
    assert!(
        !text.contains("too-short"),
        "the secret itself is never printed"
    );

    let (ok, text) = werkpad(
        &[
            ("WERKPAD_ENV", "production"),
            ("WERKPAD_JWT_SECRET", STRONG),
            ("WERKPAD_HMAC_KEY", STRONG),
            ("WERKPAD_ARGON2_T", "1"),
        ],
        &["serve"],
    );
    assert!(!ok);
    assert!(text.contains("WERKPAD_ARGON2_T"), "{text}");
}

#[test]
fn demo_mode_is_refused_in_production() {
    let (ok, text) = werkpad(
        &[
            ("WERKPAD_ENV", "production"),
            ("WERKPAD_JWT_SECRET", STRONG),
            ("WERKPAD_HMAC_KEY", STRONG),
        ],
        &["serve", "--demo"],
    );
    assert!(!ok);
    assert!(text.contains("--demo"), "{text}");
}

#[test]
fn unknown_database_schemes_are_refused() {
    for url in ["mysql://localhost/w", "postgress://localhost/w", "./w.db"] {
        let (ok, text) = werkpad(&[("WERKPAD_DATABASE_URL", url)], &["migrate"]);
        assert!(!ok, "{url}");
        assert!(
            text.contains("WERKPAD_DATABASE_URL must start with sqlite://"),
            "{text}"
        );
    }
}

#[test]
fn users_are_created_with_a_password_from_standard_input() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/w.db", dir.path().display());
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_werkpad"))
            .args(args)
            .env("WERKPAD_DATABASE_URL", &url)
            .env("WERKPAD_ARGON2_M_KIB", "64")
            .env("WERKPAD_ARGON2_T", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, org, err) = run(
        &[
            "organisation",
            "create",
            "--kind",
            "OTHER",
            "--name",
            "Beheer",
            "--region",
            "AM22",
        ],
        "",
    );
    assert!(ok, "{err}");
    let secret = "a-strong-initial-password";
    let (ok, id, err) = run(
        &[
            "user",
            "create",
            "--email",
            "root@beheer.nl",
            "--name",
            "Root",
            "--organisation",
            &org,
            "--role",
            "SYSTEM_ADMIN",
        ],
        &format!("{secret}\n"),
    );
    assert!(ok, "{err}");
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    assert!(!err.contains(secret), "the password is never logged");
    let (ok, _, err) = run(
        &[
            "user",
            "create",
            "--email",
            "two@beheer.nl",
            "--name",
            "Two",
            "--organisation",
            &org,
            "--role",
            "SYSTEM_ADMIN",
        ],
        "short\n",
    );
    assert!(!ok);
    assert!(err.contains("at least 12"), "{err}");
}
