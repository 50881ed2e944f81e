/**
 * Trims the quoted history and the signature off a reply, for display: the agent reads what is new; the
 * whole text and the raw message are kept. Recognises the attribution lines and separators that common
 * English and Chinese clients write (Gmail, Apple Mail, Thunderbird, Outlook, Foxmail, QQ Mail, NetEase).
 */

// "On Tue, 5 May 2026 at 10:02, Zhang San <zs@example.cn> wrote:" — clients wrap it over two lines at times.
const ON_WROTE = /^(?:On|Le|Am|El)\s.{1,400}\s(?:wrote|a écrit|schrieb|escribió)\s*:\s*$/is;
// "在 2026年5月5日 周二 10:02，张三 <zs@example.cn> 写道：" / "2026年5月5日 10:02，张三 写道:" / traditional 寫道.
const ZH_WROTE = /^.{0,400}(?:写道|寫道|來信|来信)\s*[:：]\s*$/s;
const ORIGINAL_MESSAGE = /^[-_=\s]*(?:-{2,}|_{2,})\s*(?:Original Message|Forwarded message|Reply message|原始邮件|原始郵件|转发邮件|轉寄郵件|转发的邮件|回复的原邮件)\s*[-_=\s]*$/i;
// Outlook's reply header block: a rule or nothing, then From/Sent/To/Subject (or the Chinese labels) on their own lines.
const OUTLOOK_FROM = /^\*?(?:From|发件人|寄件者|發件人)\s*[:：]\s*\S/i;
const OUTLOOK_FIELD = /^\*?(?:Sent|Date|To|Cc|Subject|发送时间|时间|日期|收件人|抄送|主题|主旨|傳送時間|寄件日期|收件者|副本)\s*[:：]/i;
const UNDERSCORE_RULE = /^_{10,}\s*$/;
// "-- " is the standard signature delimiter (RFC 3676); mobile clients add a one-line signature.
const SIGNATURE_DELIMITER = /^-- ?$/;
const MOBILE_SIGNATURE = /^(?:Sent from my \w+(?: \w+)?|Get Outlook for \w+|发自我的\s*\S+|發自我的\s*\S+|来自\s*\S+\s*(?:邮箱|客户端)|发自\s*\S*\s*邮箱(?:大师)?)\s*$/i;

function isQuoteLine(line: string): boolean {
  return /^\s*>/.test(line);
}

/** Index of the first line of the quoted history, or -1. */
function quoteStart(lines: string[]): number {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!line) continue;
    const withNext = `${line} ${lines[index + 1]?.trim() ?? ''}`.trim();
    if (ON_WROTE.test(line) || (/^(?:On|Le|Am|El)\s/.test(line) && ON_WROTE.test(withNext))) return index;
    if (ZH_WROTE.test(line) && line.length <= 200) return index;
    if (ORIGINAL_MESSAGE.test(line)) return index;
    if (UNDERSCORE_RULE.test(line) && OUTLOOK_FROM.test(lines[index + 1]?.trim() ?? '')) return index;
    if (OUTLOOK_FROM.test(line)) {
      // Only a block of header fields counts: a sentence that begins "From: …" does not.
      const following = lines.slice(index + 1, index + 6).map((next) => next.trim());
      if (following.filter((next) => OUTLOOK_FIELD.test(next)).length >= 2) return index;
    }
    // A trailing block of "> " lines (with blank lines between) is history when nothing new follows it.
    if (isQuoteLine(lines[index]!) && lines.slice(index).every((rest) => isQuoteLine(rest) || !rest.trim())) return index;
  }
  return -1;
}

/** Index of the signature's first line, looking only near the end; or -1. */
function signatureStart(lines: string[]): number {
  for (let index = lines.length - 1; index >= 0 && index >= lines.length - 12; index--) {
    if (SIGNATURE_DELIMITER.test(lines[index]!)) return index;
  }
  const last = lines.findLastIndex((line) => line.trim() !== '');
  if (last >= 0 && MOBILE_SIGNATURE.test(lines[last]!.trim())) return last;
  return -1;
}

/**
 * The new part of a reply. When trimming would leave nothing (a message that is only a forward, or only a
 * quote), the text is returned whole: showing too much beats showing nothing.
 */
export function stripQuotedReply(text: string): string {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');
  const quote = quoteStart(lines);
  if (quote >= 0) lines = lines.slice(0, quote);
  const signature = signatureStart(lines);
  if (signature >= 0) lines = lines.slice(0, signature);
  const result = lines.join('\n').trim();
  return result || text.trim();
}
