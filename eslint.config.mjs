// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'data/**',
      'eslint.config.mjs',
      'jest*.js',
      'packages/*/dist/**',
      // Generated from openapi.json by openapi-typescript (npm run generate -w packages/client).
      'packages/client/src/schema.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      // Boundary rules held by construction: ids only through src/common/id-param.ts.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsUUID'],
              message:
                'Declare ids with IdField() (src/common/id-param.ts): validated and lower-cased.',
            },
            {
              name: 'class-validator',
              importNames: ['ValidateNested'],
              message:
                'Declare nested objects with Nested() or NestedList() (src/common/presence.ts): an array or a missing value is refused there.',
            },
            {
              name: 'class-validator',
              importNames: ['IsISO8601', 'IsDateString'],
              message:
                'Declare times with IsInstant() or IsDay() (src/common/time-fields.ts): only what Date can read.',
            },
            {
              name: 'class-validator',
              importNames: ['IsUrl'],
              message:
                'Declare web addresses with IsWebUrl() (src/common/web-url.ts): only what URL can read.',
            },
            {
              name: '@nestjs/common',
              importNames: ['ParseUUIDPipe'],
              message: 'Use IdParam() (src/common/id-param.ts): validated and lower-cased.',
            },
          ],
        },
      ],
    },
  },
  {
    // What the access rule admits is known only inside src/access: elsewhere PD is touched
    // through PdAccess.touch(), which records the touch, or shown through PdProjection.
    files: ['src/**/*.ts'],
    ignores: ['src/access/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='admitted']",
          message: 'Touch PD through PdAccess.touch() (src/access): it decides and records.',
        },
        {
          // TypeScript lets `access['authorize']` past `private`: not here.
          selector: "MemberExpression[computed=true][property.value='authorize']",
          message: 'Touch PD through PdAccess.touch() (src/access): it decides and records.',
        },
      ],
    },
  },
  {
    // The one place nested validation is declared from.
    files: ['src/common/presence.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Test files use supertest's untyped bodies; assertions still check them.
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      'no-console': 'off',
    },
  },
);
