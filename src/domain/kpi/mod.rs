//! Regional outcome figures (domain.md §11): the pure parts of computing and publishing them.

pub mod suppression;
