/** An error with a machine-readable code and a message in English and Vietnamese. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageVi: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      messageVi: this.messageVi,
      ...(this.field ? { field: this.field } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export const notFound = (what = 'Record') =>
  new AppError(404, 'NOT_FOUND', `${what} not found`, 'Không tìm thấy bản ghi');
/**
 * For a command that names a patient and a facility: a facility that is not the caller's answers
 * exactly like a patient that is not the caller's (or does not exist), so the answer never tells
 * which ids exist at other facilities.
 */
export const patientNotFound = () => notFound('Patient');
export const unauthorized = () =>
  new AppError(401, 'UNAUTHENTICATED', 'Please log in', 'Vui lòng đăng nhập');
export const forbidden = () =>
  new AppError(403, 'FORBIDDEN', 'Your role does not allow this action', 'Vai trò của bạn không được phép thực hiện thao tác này');
export const badInput = (code: string, message: string, messageVi: string, field?: string, details?: unknown) =>
  new AppError(400, code, message, messageVi, field, details);
