DROP TABLE fidelity_review_items;
DROP TABLE fidelity_reviews;
