DROP TABLE login_failures;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organisation_regions;
DROP TABLE organisations;
DROP TABLE labour_market_regions;
