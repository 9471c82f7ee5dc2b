"""Signals through which a lower layer lets a higher one act (docs/architecture.md).

A service low in the layer order must sometimes set off work that belongs to a
package above it: sending a participant's answers opens a safeguarding case;
replacing a consultation must not delete answers. The lower package sends a
signal; the higher package connects a receiver when it is imported (the
application factory imports every package). A receiver may refuse by raising.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the consultation about to be deleted and imported anew. A receiver
# raises to refuse (a consultation that has answers is not replaced).
consultation_replacing = _signals.signal("consultation-replacing")

# sender: the submission whose free text reads as a disclosure of harm;
# kwargs: session, kinds (the detector's categories).
disclosure_detected = _signals.signal("disclosure-detected")

# sender: the submission whose answers were rewritten by the participant;
# kwargs: session, answer_ids (rows whose words changed).
answers_rewritten = _signals.signal("answers-rewritten")

# sender: the submission being withdrawn (docs/privacy.md#rule-7); kwargs: session.
# Its quotes must leave the published results in the same transaction.
submission_withdrawn = _signals.signal("submission-withdrawn")
