/**
 * How an apology letter reaches the citizen. ND 118/2025 Điều 19 khoản 6: the one-stop desk
 * notifies the citizen "bằng thư điện tử, tin nhắn, điện thoại hoặc mạng xã hội được cấp có
 * thẩm quyền cho phép"; for online files the letter goes by e-mail or SMS (DOMAIN §2.2).
 *
 * Sending sits behind `LetterDelivery` so that an e-mail or SMS gateway can be plugged in per
 * deployment. The only implementation here logs the message (with the recipient masked: the log
 * is not a place for personal data) and reports it as "logged", not "sent".
 */

export type SendChannel = "email" | "sms";

export interface LetterMessage {
  channel: SendChannel;
  recipient: string;
  subject: string;
  body: string;
}

export interface DeliveryOutcome {
  status: "logged" | "sent" | "failed";
  detail: string;
}

export interface LetterDelivery {
  send(message: LetterMessage): Promise<DeliveryOutcome>;
}

/** "nguyen.van.a@example.com" → "ng…@example.com"; "0912345678" → "…5678". */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf("@");
  if (at > 0) return `${recipient.slice(0, Math.min(2, at))}…${recipient.slice(at)}`;
  return `…${recipient.slice(-4)}`;
}

/** Writes the message to the worker's log instead of sending it (development, tests, no gateway). */
export const logOnlyDelivery: LetterDelivery = {
  async send(message) {
    console.log(
      `[apology letter, ${message.channel}, not sent: no gateway configured] to ${maskRecipient(message.recipient)}: ${message.subject}`,
    );
    return { status: "logged", detail: "Đã ghi nhật ký; chưa cấu hình cổng gửi thư điện tử/SMS." };
  },
};

/** The delivery of this deployment. Only the log-only one exists for now. */
export function letterDelivery(): LetterDelivery {
  return logOnlyDelivery;
}
