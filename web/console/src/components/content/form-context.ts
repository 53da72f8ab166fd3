import { createContext, useContext } from 'react';
import type { Language } from '../../content/model';

/** What every input of a content form needs: the language being edited and the problems by path. */
export interface ContentFormState {
  /** The language tab that is open: localized inputs edit this language. */
  lang: Language;
  /** The message for a data path (`name.ja`, `stops.1.spotId`), if there is a problem with it. */
  error: (path: string) => string | undefined;
  /** Only the view right: inputs are shown but cannot be changed. */
  readOnly: boolean;
}

export const ContentFormContext = createContext<ContentFormState>({
  lang: 'ja',
  error: () => undefined,
  readOnly: false,
});

export function useContentForm(): ContentFormState {
  return useContext(ContentFormContext);
}
