"""Event stage: PLOVER event coding of sentences, with source, target, status, date and place."""
