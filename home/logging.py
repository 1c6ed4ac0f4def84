"""Logs never hold what identifies a learner or what they looked for: an embed's
learner key works as a full credential, and a search says what someone fears."""

import logging
import re

EMBED_KEY = re.compile(r"(/embed/[-\w]+/)(?!course/)[-\w]{40,}")
QUERY = re.compile(r"\?[^\s\"']*")


def redact(text):
    return QUERY.sub("?…", EMBED_KEY.sub(r"\1…", text))


class RedactLearnerData(logging.Filter):
    """For every handler: embed keys and query strings are cut from the message."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
