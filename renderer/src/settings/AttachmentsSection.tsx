/**
 * Settings → Attachments: the largest text file inlined and the most pages of a scanned PDF sent as
 * images. The size images are sent at belongs to each provider, in its form.
 */
import { ATTACHMENT_LIMIT_BOUNDS, type Preferences } from '../../../preload/contract';
import { DEFAULT_LIMITS } from '../attachments/attachment-result';
import { IntegerField } from './PreferencesSection';

export function AttachmentsSection({ preferences }: { preferences: Preferences }) {
  return (
    <section
      className="settings-section"
      aria-labelledby="attachments-heading"
      data-testid="attachments-section"
    >
      <h2 id="attachments-heading">Attachments</h2>
      <IntegerField
        testId="pref-attach-text-max"
        label="Largest text or code file (KB)"
        hint="A bigger file is refused with its size; its text would be sent whole with every message."
        field="attachTextMaxKB"
        min={ATTACHMENT_LIMIT_BOUNDS.textKB.min}
        max={ATTACHMENT_LIMIT_BOUNDS.textKB.max}
        value={preferences.attachTextMaxKB ?? DEFAULT_LIMITS.maxTextBytes / 1024}
      />
      <IntegerField
        testId="pref-attach-pdf-pages"
        label="Pages of a scanned PDF sent as images"
        hint="A PDF without text can be sent as pictures of its pages, for a model that reads images: at most this many."
        field="attachPdfPageImages"
        min={ATTACHMENT_LIMIT_BOUNDS.pdfPageImages.min}
        max={ATTACHMENT_LIMIT_BOUNDS.pdfPageImages.max}
        value={preferences.attachPdfPageImages ?? DEFAULT_LIMITS.maxPdfPageImages}
      />
      <p className="hint">The size images are sent at is set for each provider, under Providers.</p>
    </section>
  );
}
