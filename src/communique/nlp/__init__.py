"""NLP stage: sentences, entity mentions, actors and dates, on top of one spaCy pipeline."""
