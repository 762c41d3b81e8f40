DROP TABLE fidelity_review_items;
DROP TABLE fidelity_reviews;
DROP FUNCTION fidelity_reviews_immutable();
