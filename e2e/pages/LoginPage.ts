import type { Page } from 'playwright-core';
import { BASE_URL } from '../lib/browser.ts';

export class LoginPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto(BASE_URL);
    await this.page.getByTestId('login-username').waitFor();
  }
  async login(username: string, password: string) {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }
  error() {
    return this.page.getByTestId('login-error');
  }
}
