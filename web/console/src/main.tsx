import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { applyDocumentLang, initialLang, LanguageProvider } from './i18n';
import { createConsoleRouter } from './router';
import './styles.css';

// Set <html lang> before the first paint so screen readers start in the right language.
applyDocumentLang(initialLang());

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root is missing from index.html');

createRoot(rootElement).render(
  <StrictMode>
    <LanguageProvider>
      <RouterProvider router={createConsoleRouter()} />
    </LanguageProvider>
  </StrictMode>,
);
