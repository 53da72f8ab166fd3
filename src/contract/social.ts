/** The social networks a public site may link to (site settings; shared with the console). */
export const SOCIAL_SERVICES = ['x', 'instagram', 'facebook', 'youtube', 'line', 'tiktok'] as const;
export type SocialService = (typeof SOCIAL_SERVICES)[number];

/** Each network's own name, the same in every language. */
export const SOCIAL_NAMES: Record<SocialService, string> = {
  x: 'X',
  instagram: 'Instagram',
  facebook: 'Facebook',
  youtube: 'YouTube',
  line: 'LINE',
  tiktok: 'TikTok',
};
